// Runs the ORIGINAL passive presentation-attack networks of @vladmandic/human 3.3.6 (antispoof, liveness: tfjs
// graph models) on @tensorflow/tfjs 4.22.0 and writes the fixtures that tests/Vision.Tests/PresentationAttack
// compares our ONNX graphs and our crop against.
//
//   npm install --ignore-scripts        (once, in this folder; no lock file is written)
//   node pad-reference.js [wasm|cpu]     writes fixtures/pad-parity.json (default backend: wasm)
//
// Two kinds of case:
// - "network": the network input itself, built like reference.js (PNG crops from ../shared/faces, nearest
//   neighbour with integer arithmetic), so C# rebuilds it byte for byte (the SHA-256 is in the fixture);
//   colour cases put three different people in the R, G and B channels, so a channel mix-up cannot hide.
// - "pipeline": an image and a face box; the crop is made here exactly as human does it
//   (src/face/blazeface.ts enlargeBox 1.4 + squarifyBox, facemeshutil.ts cutAndResize to the 192x192 mesh
//   input and division by 255, antispoof.ts/liveness.ts resizeBilinear), then the network runs.
// - "graph": human's faceres (a face description network, not in the pack) on one colour input: it checks
//   the graph importer on the ops the PAD networks do not use (Conv2D, depthwise, Mean, Minimum/Maximum).
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

const here = __dirname;
const repoRoot = path.resolve(here, '../../..');
const facesDir = path.resolve(repoRoot, '../shared/faces');
const humanDir = path.join(here, 'node_modules/@vladmandic/human');
const outFile = path.join(here, 'fixtures/pad-parity.json');

const MODELS = { antispoof: 128, liveness: 32 };
const MESH_INPUT = 192; // models/facemesh.json input [-1, 192, 192, 3]
const ENLARGE = 1.4; // config.face.detector.scale

// [R, G, B] sources: one image for all three channels (grey), or three images.
const NETWORK_INPUTS = [
  { name: 'amy_1', channels: ['amy/1', 'amy/1', 'amy/1'] },
  { name: 'leonard_2', channels: ['leonard/2', 'leonard/2', 'leonard/2'] },
  { name: 'penny_3', channels: ['penny/3', 'penny/3', 'penny/3'] },
  { name: 'raj_4', channels: ['raj/4', 'raj/4', 'raj/4'] },
  { name: 'colour_sheldon_howard_bernadette', channels: ['sheldon/5', 'howard/2', 'bernadette/1'] },
  { name: 'colour_stuart_amy_penny', channels: ['stuart/3', 'amy/4', 'penny/5'] },
];

// Whole 150x150 images and face boxes (x, y, width, height in pixels), as our detector reports them.
const PIPELINE_INPUTS = [
  { name: 'howard_1_centre', channels: ['howard/1', 'howard/1', 'howard/1'], box: [30, 35, 90, 90] },
  { name: 'sheldon_3_fractional', channels: ['sheldon/3', 'sheldon/3', 'sheldon/3'], box: [20.3, 18.7, 85.2, 99.7] },
  { name: 'bernadette_2_past_the_edge', channels: ['bernadette/2', 'bernadette/2', 'bernadette/2'], box: [60, 50, 100, 110] },
  { name: 'colour_raj_leonard_amy', channels: ['raj/1', 'leonard/4', 'amy/5'], box: [25, 22, 100, 104] },
];

const pngCache = new Map();
function readGrayPng(relative) {
  if (!pngCache.has(relative)) pngCache.set(relative, PNG.sync.read(fs.readFileSync(path.join(facesDir, `${relative}.png`))));
  return pngCache.get(relative); // RGBA, grey replicated
}

// size x size RGB bytes; channel c of pixel (x, y) samples image channels[c] at floor(x * w / size), floor(y * h / size).
function buildRgb(channels, size) {
  const rgb = new Uint8Array(size * size * 3);
  channels.forEach((image, c) => {
    const png = readGrayPng(image);
    for (let y = 0; y < size; y++) {
      const sy = Math.floor((y * png.height) / size);
      for (let x = 0; x < size; x++) {
        const sx = Math.floor((x * png.width) / size);
        rgb[(y * size + x) * 3 + c] = png.data[(sy * png.width + sx) * 4];
      }
    }
  });
  return rgb;
}

async function loadGraphModel(name) {
  const dir = path.join(humanDir, 'models');
  const json = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  const artifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData,
  };
  return tf.loadGraphModel({ load: async () => artifacts });
}

const round = (values) => Array.from(values, (v) => Number(v.toPrecision(9)));

// human: enlargeBox then squarifyBox (startPoint/endPoint are [x, y]).
function humanBox([x, y, w, h]) {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const half = Math.max(w * ENLARGE, h * ENLARGE) / 2;
  return [Math.round(cx - half), Math.round(cy - half), Math.round(cx + half), Math.round(cy + half)];
}

async function main() {
  const backend = process.argv[2] || 'wasm';
  wasm.setWasmPaths(`${path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
  await tf.setBackend(backend);
  await tf.ready();
  const models = {};
  for (const name of Object.keys(MODELS)) models[name] = await loadGraphModel(name);
  const human = JSON.parse(fs.readFileSync(path.join(humanDir, 'package.json'), 'utf8'));

  const cases = [];
  for (const model of Object.keys(MODELS)) {
    const size = MODELS[model];
    for (const input of NETWORK_INPUTS) {
      const rgb = buildRgb(input.channels, size);
      // human feeds the networks 0..1 (cutAndResize divides by 255).
      const output = tf.tidy(() => models[model].execute(tf.tensor4d(Float32Array.from(rgb), [1, size, size, 3]).div(255)));
      cases.push({
        kind: 'network', model, name: input.name, size, channels: input.channels,
        inputSha256: crypto.createHash('sha256').update(rgb).digest('hex'),
        output: round(await output.data()),
      });
      output.dispose();
    }
  }
  const faceres = await loadGraphModel('faceres');
  const faceresInput = { name: 'colour_penny_raj_sheldon', channels: ['penny/1', 'raj/3', 'sheldon/2'] };
  const faceresRgb = buildRgb(faceresInput.channels, 224);
  const faceresOutputs = faceres.execute(tf.tensor4d(Float32Array.from(faceresRgb), [1, 224, 224, 3]).div(255), faceres.outputs.map((o) => o.name));
  const faceresCase = {
    kind: 'graph', model: 'faceres', name: faceresInput.name, size: 224, channels: faceresInput.channels,
    inputSha256: crypto.createHash('sha256').update(faceresRgb).digest('hex'), outputs: {},
  };
  for (let i = 0; i < faceres.outputs.length; i++) faceresCase.outputs[faceres.outputs[i].name] = round(await faceresOutputs[i].data());
  tf.dispose(faceresOutputs);
  cases.push(faceresCase);

  for (const input of PIPELINE_INPUTS) {
    const side = readGrayPng(input.channels[0]).width;
    const rgb = buildRgb(input.channels, side);
    const image = tf.tensor4d(Float32Array.from(rgb), [1, side, side, 3]);
    const [x1, y1, x2, y2] = humanBox(input.box);
    // facemeshutil.ts cutAndResize: normalised by the image size, as [y1, x1, y2, x2].
    const crop = tf.tidy(() => tf.image.cropAndResize(image, [[y1 / side, x1 / side, y2 / side, x2 / side]], [0], [MESH_INPUT, MESH_INPUT]).div(255));
    const outputs = {};
    for (const model of Object.keys(MODELS)) {
      const size = MODELS[model];
      const output = tf.tidy(() => models[model].execute(tf.image.resizeBilinear(crop, [size, size], false)));
      outputs[model] = round(await output.data());
      output.dispose();
    }
    cases.push({
      kind: 'pipeline', name: input.name, size: side, channels: input.channels, box: input.box,
      humanBox: [x1, y1, x2, y2],
      inputSha256: crypto.createHash('sha256').update(rgb).digest('hex'),
      outputs,
    });
    tf.dispose([image, crop]);
  }

  const fixture = {
    generator: 'tests/Vision.Tests/Reference/pad-reference.js',
    human: human.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    cases,
  };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify(fixture, null, 1)}\n`);
  process.stderr.write(`wrote ${path.relative(repoRoot, outFile)} (${cases.length} cases, ${fs.statSync(outFile).size} bytes)\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
