// A stand-in for python/ale_bridge.py that speaks the same protocol with
// generated frames, so the bridge client is tested where ale-py is absent.
// Behaviour is set by a JSON object in the first argument:
//   episodeFrames (default 50): game over after this many frames;
//   dieAtFrame: exit abruptly (code 3) when this frame is reached;
//   missingAle: answer INIT with the "ale-py missing" error;
//   height, width (default 12, 8).
import * as fs from 'node:fs';

const IN = 0;
const OUT = 1;
function readExact(n) {
  const buf = Buffer.alloc(n);
  let off = 0;
  while (off < n) {
    let k;
    try {
      k = fs.readSync(IN, buf, off, n - off, null);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      throw e;
    }
    if (k === 0) process.exit(0); // parent closed its end: leave
    off += k;
  }
  return buf;
}
function send(...parts) {
  const body = Buffer.concat(parts);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length, 0);
  const msg = Buffer.concat([len, body]);
  let off = 0;
  while (off < msg.length) off += fs.writeSync(OUT, msg, off, msg.length - off);
}

const fake = JSON.parse(process.argv[2] ?? '{}');
let cfg = null;
let h = 12;
let w = 8;
let channels = 3;
let seed = 0;
let frame = 0;
let lives = 3;
const ACTIONS = ['NOOP', 'FIRE', 'RIGHT', 'LEFT'];

function screen(extra) {
  const out = Buffer.alloc(h * w * channels);
  for (let i = 0; i < out.length; i++) out[i] = (i * 7 + frame * 13 + seed * 31 + extra) & 0xff;
  return out;
}
function frameReply(reward, flags) {
  const head = Buffer.alloc(18);
  head[0] = 0x01;
  head.writeDoubleLE(reward, 1);
  head[9] = flags;
  head.writeInt32LE(lives, 10);
  head.writeUInt32LE(frame, 14);
  send(head, screen(0));
}

for (;;) {
  const n = readExact(4).readUInt32LE(0);
  const msg = readExact(n);
  const op = msg[0];
  if (op === 0x01) {
    cfg = JSON.parse(msg.subarray(1).toString('utf8'));
    if (fake.missingAle) {
      send(Buffer.from([0xff, 2]), Buffer.from('cannot import ale_py (fake)'));
      continue;
    }
    h = fake.height ?? 12;
    w = fake.width ?? 8;
    channels = cfg.obsType === 'grayscale' ? 1 : 3;
    send(
      Buffer.from([0x00]),
      Buffer.from(
        JSON.stringify({ actions: ACTIONS, height: h, width: w, channels, version: 'fake' }),
      ),
    );
  } else if (op === 0x02) {
    if (msg[1]) seed = msg.readInt32LE(2);
    else seed += 1;
    frame = 0;
    lives = 3;
    frameReply(0, 0);
  } else if (op === 0x03) {
    const action = msg.readUInt16LE(1);
    const repeat = msg.readUInt16LE(3);
    let reward = 0;
    for (let i = 0; i < repeat; i++) {
      frame++;
      if (fake.dieAtFrame !== undefined && frame >= fake.dieAtFrame) process.exit(3);
      reward += frame % 5 === 0 ? action + 1 : 0;
    }
    const over = frame >= (fake.episodeFrames ?? 50);
    frameReply(reward, over ? 1 : 0);
  } else if (op === 0x04) {
    process.exit(0);
  } else {
    send(Buffer.from([0xff, 1]), Buffer.from(`unknown opcode ${op}`));
  }
}
