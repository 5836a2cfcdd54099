#!/usr/bin/env python3
"""Arcade Learning Environment bridge for @pathnet/envs.

Runs one ALE game for a Node.js parent and speaks a compact binary protocol
over stdin/stdout: every message is a little-endian u32 byte count followed by
that many bytes, whose first byte is the opcode (requests) or status (replies).

Requests (parent -> bridge)
  0x01 INIT   then UTF-8 JSON config, sent once: {"game", "obsType": "rgb"|"grayscale",
              "repeatActionProbability", "fullActionSpace", "maxNumFramesPerEpisode",
              "mode", "difficulty"}
  0x02 RESET  u8 has_seed, i32 seed
  0x03 STEP   u16 action index, u16 frames to repeat, u8 max-pool last two frames
  0x04 CLOSE
Replies (bridge -> parent)
  0x00 READY  then UTF-8 JSON {"actions": [names], "height", "width", "channels", "version"}
  0x01 FRAME  f64 reward, u8 flags (1 game over, 2 truncated), i32 lives,
              u32 episode frame number, then height*width*channels bytes of screen
  0xFF ERROR  u8 code (1 other, 2 ale-py missing, 3 unknown game), then UTF-8 message

The bridge exits when its stdin reaches end of file (the parent closed it or
died), so it never outlives the parent.
"""

import json
import os
import struct
import sys

# Keep the protocol on a private descriptor; anything printed (ALE's banner,
# warnings) goes to stderr instead of corrupting the stream.
OUT = os.dup(1)
os.dup2(2, 1)
IN = 0
try:
    os.set_blocking(IN, True)
except OSError:
    pass

FRAME_HEAD = struct.Struct("<BdBiI")


def read_exact(n):
    chunks = []
    while n > 0:
        chunk = os.read(IN, n)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def send(*parts):
    total = sum(len(p) for p in parts)
    data = memoryview(b"".join((struct.pack("<I", total),) + parts))
    while data:
        written = os.write(OUT, data)
        data = data[written:]


def error(code, message):
    send(bytes((0xFF, code)), message.encode("utf-8"))


def main():
    try:
        import numpy as np
        from ale_py import ALEInterface, LoggerMode, __version__, roms
    except ImportError as exc:
        # Wait for INIT so the parent reads the reply in order.
        try:
            read_exact(struct.unpack("<I", read_exact(4))[0])
        except EOFError:
            return
        error(2, f"cannot import ale_py ({exc}) with {sys.executable}")
        return

    ALEInterface.setLoggerMode(LoggerMode.Error)
    ale = None
    rom = None
    actions = []
    screen = prev = None
    rgb = True

    while True:
        try:
            (n,) = struct.unpack("<I", read_exact(4))
            msg = read_exact(n)
        except EOFError:
            return
        op = msg[0]
        try:
            if op == 0x01:
                cfg = json.loads(msg[1:].decode("utf-8"))
                game = cfg["game"]
                known = roms.get_all_rom_ids()
                if game not in known:
                    error(3, f"unknown ALE game {game!r}; ale-py {__version__} offers: {', '.join(known)}")
                    continue
                rom = roms.get_rom_path(game)
                ale = ALEInterface()
                ale.setFloat("repeat_action_probability", float(cfg.get("repeatActionProbability", 0.25)))
                ale.setInt("max_num_frames_per_episode", int(cfg.get("maxNumFramesPerEpisode", 0)))
                ale.setInt("random_seed", 0)
                ale.loadROM(rom)
                if cfg.get("mode") is not None:
                    ale.setMode(int(cfg["mode"]))
                if cfg.get("difficulty") is not None:
                    ale.setDifficulty(int(cfg["difficulty"]))
                actions = list(ale.getLegalActionSet() if cfg.get("fullActionSpace") else ale.getMinimalActionSet())
                rgb = cfg.get("obsType", "rgb") == "rgb"
                h, w = ale.getScreenDims()
                shape = (h, w, 3) if rgb else (h, w)
                screen = np.zeros(shape, dtype=np.uint8)
                prev = np.zeros(shape, dtype=np.uint8)
                info = {
                    "actions": [a.name for a in actions],
                    "height": h,
                    "width": w,
                    "channels": 3 if rgb else 1,
                    "version": __version__,
                }
                send(b"\x00", json.dumps(info).encode("utf-8"))
            elif op == 0x02:
                has_seed, seed = struct.unpack("<Bi", msg[1:6])
                if has_seed:
                    ale.setInt("random_seed", seed & 0x7FFFFFFF)
                    ale.loadROM(rom)
                ale.reset_game()
                grab(ale, screen, rgb)
                send(FRAME_HEAD.pack(0x01, 0.0, 0, ale.lives(), ale.getEpisodeFrameNumber()), screen.tobytes())
            elif op == 0x03:
                index, repeat, pool = struct.unpack("<HHB", msg[1:6])
                action = actions[index]
                reward = 0.0
                for i in range(repeat):
                    reward += ale.act(action)
                    if pool and i == repeat - 2:
                        grab(ale, prev, rgb)
                    if ale.game_over():
                        break
                grab(ale, screen, rgb)
                if pool and repeat > 1 and not ale.game_over():
                    np.maximum(screen, prev, out=screen)
                flags = (1 if ale.game_over(with_truncation=False) else 0) | (2 if ale.game_truncated() else 0)
                send(
                    FRAME_HEAD.pack(0x01, reward, flags, ale.lives(), ale.getEpisodeFrameNumber()),
                    screen.tobytes(),
                )
            elif op == 0x04:
                return
            else:
                error(1, f"unknown opcode {op}")
        except Exception as exc:  # report, keep serving
            error(1, f"{type(exc).__name__}: {exc}")


def grab(ale, buf, rgb):
    if rgb:
        ale.getScreenRGB(buf)
    else:
        ale.getScreenGrayscale(buf)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
