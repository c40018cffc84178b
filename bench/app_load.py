"""Load test of the web app on loopback: starts `wm-serve` (waitress) on 127.0.0.1, sends a bounded number of
`POST /api/remove` requests from concurrent clients, checks every response against its own input, and reports
latency percentiles, errors, mix-ups, and the server's threads and open files before and after.

    python bench/app_load.py [--requests 200] [--clients 8] [--size 256] [--max-seconds 300] [--model PATH]

With no shipped default model and no --model, it serves the cpu-default architecture untrained (near the identity:
the point is the server, not the model)."""
import argparse, io, os, socket, subprocess, sys, tempfile, time, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image


def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def multipart(data:bytes, name='image.png'):
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="{name}"\r\n'
            f'Content-Type: application/octet-stream\r\n\r\n').encode() + data + f'\r\n--{boundary}--\r\n'.encode()
    return body, f'multipart/form-data; boundary={boundary}'


def proc_stats(pid):
    threads = int(next(l for l in open(f'/proc/{pid}/status') if l.startswith('Threads:')).split()[1])
    return threads, len(os.listdir(f'/proc/{pid}/fd'))


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--requests', type=int, default=200); ap.add_argument('--clients', type=int, default=8)
    ap.add_argument('--size', type=int, default=256); ap.add_argument('--max-seconds', type=float, default=300)
    ap.add_argument('--model')
    args = ap.parse_args()
    from wm_nbdev.inference import DEFAULT_MODEL
    model = args.model
    tmp = Path(tempfile.mkdtemp())
    if not model and not DEFAULT_MODEL.exists():
        from wm_nbdev.model import CompactRemover, save_model
        from wm_nbdev.train import PRESETS
        model = str(save_model(CompactRemover(PRESETS['cpu-default']['chs']), tmp/'untrained.pth'))
        print("no default model shipped yet: serving the cpu-default architecture untrained")
    port = free_port()
    cmd = [str(Path(sys.executable).parent/'wm-serve'), '--port', str(port), '--monitor-db', str(tmp/'m.db')]
    server = subprocess.Popen(cmd + (['--model', model] if model else []), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f'http://127.0.0.1:{port}'
    try:
        for _ in range(600):  # wait for the server, at most 60 s
            try: urllib.request.urlopen(base + '/api/health', timeout=1); break
            except OSError: time.sleep(0.1)
        else: sys.exit("the server did not start")
        rng = np.random.default_rng(0)
        inputs = []
        for i in range(args.requests):  # each input its own colour, so a mixed-up answer shows
            base_colour = rng.integers(30, 225, 3)
            a = np.clip(base_colour + rng.normal(0, 8, (args.size, args.size, 3)), 0, 255).astype(np.uint8)
            buf = io.BytesIO(); Image.fromarray(a).save(buf, 'PNG'); inputs.append((a, buf.getvalue()))
        deadline = time.time() + args.max_seconds

        def one(i):
            if time.time() > deadline: return None
            a, data = inputs[i]
            body, ctype = multipart(data)
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(base + '/api/remove', body, {'Content-Type': ctype}),
                                            timeout=120) as r:
                    out = np.asarray(Image.open(io.BytesIO(r.read())).convert('RGB'), float)
            except Exception as e: return (time.perf_counter() - t, 'error', str(e))
            own = np.abs(out.mean((0, 1)) - a.mean((0, 1))).max()
            return (time.perf_counter() - t, 'ok' if own < 20 and out.shape == a.shape else 'mixed-up', own)

        with ThreadPoolExecutor(args.clients) as ex: list(ex.map(one, range(2 * args.clients)))  # warm-up: every
        before = proc_stats(server.pid)           # server thread has served (each has its own torch thread team)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as ex: results = [r for r in ex.map(one, range(args.requests)) if r]
        wall = time.perf_counter() - t0
        after = proc_stats(server.pid)
        lat = np.array([r[0] for r in results])
        print(f"{len(results)} requests from {args.clients} clients in {wall:.1f} s ({len(results) / wall:.1f} req/s), "
              f"{args.size}x{args.size} PNGs")
        print(f"latency p50 {np.percentile(lat, 50) * 1000:.0f} ms, p95 {np.percentile(lat, 95) * 1000:.0f} ms")
        print(f"errors {sum(r[1] == 'error' for r in results)}, mixed-up {sum(r[1] == 'mixed-up' for r in results)}")
        print(f"server threads {before[0]} -> {after[0]}, open files {before[1]} -> {after[1]}")
    finally:
        server.terminate(); server.wait(10)
