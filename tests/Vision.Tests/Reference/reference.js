// Runs the ORIGINAL face-api.js networks (@vladmandic/face-api 1.7.15 on @tensorflow/tfjs 4.22.0) on
// input tensors built deterministically from ../shared/faces PNG crops, and writes the outputs as the
// parity fixtures that tests/Vision.Tests/Parity compares our ONNX graphs against.
//
//   npm install --ignore-scripts        (once, in this folder; no lock file is written)
//   node reference.js [wasm|cpu]         writes fixtures/parity.json (default backend: wasm)
//
// The inputs are only PNG decoding (lossless), nearest-neighbour scaling with integer arithmetic and
// zero padding, so the C# test rebuilds byte-identical tensors; the fixture carries each input's
// SHA-256 so a mismatch is reported as such, not as a model difference.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const here = __dirname;
const repoRoot = path.resolve(here, '../../..');
const facesDir = path.resolve(repoRoot, '../shared/faces');
const modelDir = path.join(here, 'node_modules/@vladmandic/face-api/model');
const outFile = path.join(here, 'fixtures/parity.json');

// What each case feeds: a canvas of `size` x `size`, zeros, with 150x150 crops scaled to `side` at (x, y).
const CASES = [
  ...['amy/1', 'howard/3', 'penny/2', 'raj/5', 'sheldon/4', 'stuart/1'].map((image) => ({
    model: 'face_recognition', name: image.replace('/', '_'), size: 150, placements: [{ image, x: 0, y: 0, side: 150 }],
  })),
  ...['amy/1', 'leonard/2', 'bernadette/4', 'sheldon/4'].map((image) => ({
    model: 'face_landmark_68', name: image.replace('/', '_'), size: 112, placements: [{ image, x: 0, y: 0, side: 112 }],
  })),
  {
    model: 'tiny_face_detector', name: 'mosaic_416', size: 416, placements: [
      { image: 'leonard/1', x: 29, y: 29, side: 150 }, { image: 'penny/3', x: 237, y: 29, side: 150 },
      { image: 'raj/2', x: 29, y: 237, side: 150 }, { image: 'howard/5', x: 237, y: 237, side: 150 },
    ],
  },
  {
    // A second input size: the graph's height and width are free (any multiple of 32).
    model: 'tiny_face_detector', name: 'mosaic_320', size: 320, placements: [
      { image: 'amy/2', x: 20, y: 20, side: 120 }, { image: 'sheldon/1', x: 180, y: 20, side: 120 },
      { image: 'bernadette/3', x: 20, y: 180, side: 120 }, { image: 'stuart/2', x: 180, y: 180, side: 120 },
    ],
  },
  {
    model: 'ssd_mobilenetv1', name: 'mosaic_512', size: 512, placements: [
      { image: 'sheldon/2', x: 20, y: 40, side: 180 }, { image: 'bernadette/1', x: 300, y: 10, side: 150 },
      { image: 'amy/3', x: 60, y: 300, side: 120 }, { image: 'stuart/4', x: 280, y: 260, side: 200 },
    ],
  },
];

function readGrayPng(relative) {
  const png = PNG.sync.read(fs.readFileSync(path.join(facesDir, `${relative}.png`)));
  return png; // RGBA, gray replicated
}

// Nearest neighbour: destination pixel d samples source floor(d * srcSide / dstSide).
function buildInput(testCase) {
  const { size, placements } = testCase;
  const rgb = new Uint8Array(size * size * 3);
  for (const p of placements) {
    const png = readGrayPng(p.image);
    for (let y = 0; y < p.side; y++) {
      const sy = Math.floor((y * png.height) / p.side);
      for (let x = 0; x < p.side; x++) {
        const sx = Math.floor((x * png.width) / p.side);
        const src = (sy * png.width + sx) * 4;
        const dst = ((p.y + y) * size + (p.x + x)) * 3;
        rgb[dst] = png.data[src];
        rgb[dst + 1] = png.data[src + 1];
        rgb[dst + 2] = png.data[src + 2];
      }
    }
  }
  return rgb;
}

const round = (values) => Array.from(values, (v) => Number(v.toPrecision(9)));

async function run(testCase, rgb) {
  const input = tf.tensor3d(Float32Array.from(rgb), [testCase.size, testCase.size, 3], 'float32');
  const netInput = await faceapi.toNetInput(input);
  const outputs = {};
  const detections = [];
  switch (testCase.model) {
    case 'face_recognition': {
      const out = faceapi.nets.faceRecognitionNet.forwardInput(netInput);
      outputs.descriptor = round(await out.data());
      out.dispose();
      break;
    }
    case 'face_landmark_68': {
      const out = faceapi.nets.faceLandmark68Net.runNet(netInput);
      outputs.landmarks = round(await out.data());
      out.dispose();
      break;
    }
    case 'tiny_face_detector': {
      const out = faceapi.nets.tinyFaceDetector.forwardInput(netInput, testCase.size);
      outputs.grid = round(await out.data());
      out.dispose();
      const found = await faceapi.nets.tinyFaceDetector.locateFaces(input, { inputSize: testCase.size, scoreThreshold: 0.5 });
      for (const d of found) detections.push({ score: d.score, x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height });
      break;
    }
    case 'ssd_mobilenetv1': {
      const { boxes, scores } = faceapi.nets.ssdMobilenetv1.forwardInput(netInput);
      const scoreData = await scores[0].data();
      const boxData = await boxes[0].data();
      // Keep the fixture small: every score, and the boxes of the 64 best anchors.
      const top = Array.from(scoreData.keys()).sort((a, b) => scoreData[b] - scoreData[a]).slice(0, 64);
      outputs.scores = round(scoreData);
      outputs.topAnchors = top;
      outputs.topBoxes = round(top.flatMap((i) => Array.from(boxData.subarray(i * 4, i * 4 + 4))));
      boxes.forEach((t) => t.dispose());
      scores.forEach((t) => t.dispose());
      const found = await faceapi.nets.ssdMobilenetv1.locateFaces(input, { minConfidence: 0.5 });
      for (const d of found) detections.push({ score: d.score, x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height });
      break;
    }
    default:
      throw new Error(`unknown model ${testCase.model}`);
  }
  input.dispose();
  return { outputs, detections };
}

async function main() {
  const backend = process.argv[2] || 'wasm';
  wasm.setWasmPaths(`${path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
  await tf.setBackend(backend);
  await tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);

  const cases = [];
  for (const testCase of CASES) {
    const rgb = buildInput(testCase);
    const { outputs, detections } = await run(testCase, rgb);
    cases.push({
      ...testCase,
      inputSha256: crypto.createHash('sha256').update(rgb).digest('hex'),
      outputs,
      detections,
    });
    process.stderr.write(`${testCase.model} ${testCase.name}: ${detections.length ? `${detections.length} detections` : 'ok'}\n`);
  }
  const fixture = {
    generator: 'tests/Vision.Tests/Reference/reference.js',
    faceApi: faceapi.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    cases,
  };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify(fixture)}\n`);
  process.stderr.write(`wrote ${path.relative(repoRoot, outFile)} (${fs.statSync(outFile).size} bytes)\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
