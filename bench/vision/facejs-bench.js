// The reference side of the vision benchmark: the ORIGINAL face-api.js pipeline (@vladmandic/face-api
// 1.7.15 on @tensorflow/tfjs 4.22.0) in Node, on the wasm or the plain cpu backend.
//
//   node bench/vision/facejs-bench.js [wasm|cpu] [iterations] [image] [--serve]
//
// With --serve it loads everything once and then runs one round of every measurement for each "round" line read on
// standard input, answering each with one JSON line of that round's samples; at the end of the input it prints the
// summary over all rounds. The C# bench drives it so that its own rounds and these alternate (interleaved sides).
//
// Uses the packages installed for the parity reference (tests/Vision.Tests/Reference, `npm install
// --ignore-scripts` there); bench/vision/run.sh does that. Prints one JSON object on stdout: medians in
// milliseconds per stage and the process's peak resident memory (VmHWM).
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const referenceDir = path.resolve(__dirname, '../../tests/Vision.Tests/Reference');
const requireReference = createRequire(path.join(referenceDir, 'package.json'));
const tf = requireReference('@tensorflow/tfjs');
const wasm = requireReference('@tensorflow/tfjs-backend-wasm');
const faceapi = requireReference('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = requireReference('jpeg-js');

const backend = process.argv[2] || 'wasm';
const iterations = Number(process.argv[3] || (backend === 'cpu' ? 5 : 20));
const imagePath = process.argv[4] || path.resolve(__dirname, '../../../shared/faces/groups/bbt1.jpg');
const modelDir = path.join(referenceDir, 'node_modules/@vladmandic/face-api/model');
const warmup = 2;

const peakRssMb = () => {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Best run of each measurement: on a shared machine the minimum shows the code's speed, the median the load.
const minima = {};

// Every sample of every round, per measurement.
const allTimes = {};

async function measure(name, body, results, rounds = { warm: true, samples: null }) {
  const times = [];
  // Later rounds warm up once too: the other side has just had the cores and the caches.
  const warm = rounds.warm ? warmup : 1;
  for (let i = 0; i < warm + iterations; i++) {
    const start = process.hrtime.bigint();
    // eslint-disable-next-line no-await-in-loop
    await body();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= warm) times.push(ms);
  }
  (allTimes[name] = allTimes[name] || []).push(...times);
  if (rounds.samples) rounds.samples[name] = times;
  results[name] = Math.round(median(allTimes[name]) * 100) / 100;
  minima[name] = Math.round(Math.min(...allTimes[name]) * 100) / 100;
  if (!rounds.samples) process.stderr.write(`  ${backend} ${name}: ${results[name]} ms median of ${iterations}\n`);
}

function decode(bytes) {
  const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return tf.tensor3d(data, [height, width, 3], 'int32');
}

async function main() {
  wasm.setWasmPaths(`${path.join(referenceDir, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
  await tf.setBackend(backend);
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const modelsLoadedRssMb = Math.round(process.memoryUsage().rss / 1048576);

  const bytes = fs.readFileSync(imagePath);
  const image = decode(bytes);
  const tiny = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 });
  const ssd = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
  const faces = {
    tiny: (await faceapi.detectAllFaces(image, tiny)).length,
    ssd: (await faceapi.detectAllFaces(image, ssd)).length,
  };
  const [firstFace] = await faceapi.detectAllFaces(image, ssd);
  const [chip] = await faceapi.extractFaceTensors(image, [firstFace]);
  const chip112 = tf.image.resizeBilinear(chip, [112, 112]);
  const chip150 = tf.image.resizeBilinear(chip, [150, 150]);

  const results = {};
  const round = async (rounds) => {
    await measure('decode', async () => decode(bytes).dispose(), results, rounds);
    await measure('detect_tiny416', async () => faceapi.detectAllFaces(image, tiny), results, rounds);
    await measure('detect_ssd512', async () => faceapi.detectAllFaces(image, ssd), results, rounds);
    await measure('landmarks_one_face', async () => faceapi.nets.faceLandmark68Net.detectLandmarks(chip112), results, rounds);
    await measure('descriptor_one_face', async () => faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip150), results, rounds);
    await measure('full_tiny_no_decode', async () => faceapi.detectAllFaces(image, tiny).withFaceLandmarks().withFaceDescriptors(), results, rounds);
    await measure('full_ssd_no_decode', async () => faceapi.detectAllFaces(image, ssd).withFaceLandmarks().withFaceDescriptors(), results, rounds);
    await measure('full_tiny_with_decode', async () => {
      const t = decode(bytes);
      await faceapi.detectAllFaces(t, tiny).withFaceLandmarks().withFaceDescriptors();
      t.dispose();
    }, results, rounds);
    await measure('full_ssd_with_decode', async () => {
      const t = decode(bytes);
      await faceapi.detectAllFaces(t, ssd).withFaceLandmarks().withFaceDescriptors();
      t.dispose();
    }, results, rounds);
  };

  if (process.argv.includes('--serve')) {
    // One round per "round" line; two warm-up runs before the first, one before each later one.
    let first = true;
    const lines = require('readline').createInterface({ input: process.stdin });
    // eslint-disable-next-line no-restricted-syntax
    for await (const line of lines) {
      if (line.trim() !== 'round') continue;
      const samples = {};
      // eslint-disable-next-line no-await-in-loop
      await round({ warm: first, samples });
      first = false;
      process.stdout.write(`${JSON.stringify({ round: samples })}\n`);
    }
  } else {
    await round({ warm: true, samples: null });
  }

  process.stdout.write(`${JSON.stringify({
    implementation: 'face-api.js',
    faceApi: faceapi.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    node: process.version,
    image: path.basename(imagePath),
    iterations,
    faces,
    medianMs: results,
    minMs: minima,
    modelsLoadedRssMb,
    peakRssMb: peakRssMb(),
  })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
