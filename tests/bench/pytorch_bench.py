#!/usr/bin/env python3
"""PyTorch reference measurements for MlNetCnn's Fashion-MNIST network.

Builds the same network as the Keras course model MlNetCnn trains (Conv2d(1,64,3)+ReLU, MaxPool2d(2),
Conv2d(64,64,3)+ReLU, MaxPool2d(2), Flatten, Linear(1600,128)+ReLU, Linear(128,10)), trains it with
Adam(lr=1e-3, eps=1e-7) on CrossEntropyLoss, and measures on the CPU with a fixed number of threads:

  train_samples_per_sec_b32 / _b128   training throughput at batch 32 and 128
  infer_images_per_sec_b128           inference throughput at batch 128
  infer_images_per_sec_best           the best inference throughput over a few batch sizes
  single_image_latency_us             median latency of predicting one image

Data comes from the four Fashion-MNIST IDX .gz files (parsed with gzip + struct; no torchvision).
Needs PyTorch (Debian: python3-torch, used with the system python3). `--json` prints one JSON object.
"""

import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "pytorch_bench.py: PyTorch is not importable by this interpreter. Install PyTorch "
        "(on Debian: the python3-torch package) and run the script with the python3 that has it.\n")
    sys.exit(2)

IMAGE_MAGIC = 2051
clock = time.perf_counter
LABEL_MAGIC = 2049


def default_data_dir():
    """The repo's datasets/fashion-mnist, found by walking up from this script to MlNetCnn.sln."""
    here = os.path.dirname(os.path.abspath(__file__))
    d = here
    while True:
        if os.path.exists(os.path.join(d, "MlNetCnn.sln")):
            return os.path.join(d, "datasets", "fashion-mnist")
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.join(here, "..", "..", "datasets", "fashion-mnist")
        d = parent


def open_idx(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def find(data_dir, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"pytorch_bench.py: {stem}(.gz) not found in {data_dir} (use --data-dir)")


def read_images(path):
    with open_idx(path) as f:
        header = f.read(16)
        if len(header) != 16:
            raise SystemExit(f"{path}: truncated header (16 bytes expected)")
        magic, count, rows, cols = struct.unpack(">IIII", header)
        if magic != IMAGE_MAGIC:
            raise SystemExit(f"{path}: magic {magic}, expected {IMAGE_MAGIC} (an IDX image file)")
        if rows != 28 or cols != 28 or count > 1_000_000:
            raise SystemExit(f"{path}: {count} images of {rows}x{cols}, expected at most 1,000,000 of 28x28")
        data = f.read(count * rows * cols)
        if len(data) != count * rows * cols:
            raise SystemExit(f"{path}: {len(data)} pixel bytes, expected {count * rows * cols}")
    images = torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(count, 1, rows, cols)
    return images.float().div_(255.0)


def read_labels(path, expected):
    with open_idx(path) as f:
        header = f.read(8)
        if len(header) != 8:
            raise SystemExit(f"{path}: truncated header (8 bytes expected)")
        magic, count = struct.unpack(">II", header)
        if magic != LABEL_MAGIC:
            raise SystemExit(f"{path}: magic {magic}, expected {LABEL_MAGIC} (an IDX label file)")
        if count != expected:
            raise SystemExit(f"{path}: {count} labels for {expected} images")
        data = f.read(count)
        if len(data) != count:
            raise SystemExit(f"{path}: {len(data)} label bytes, expected {count}")
    labels = torch.frombuffer(bytearray(data), dtype=torch.uint8).long()
    if labels.numel() and int(labels.max()) > 9:
        raise SystemExit(f"{path}: label {int(labels.max())} outside 0..9")
    return labels


def load(data_dir, prefix):
    images = read_images(find(data_dir, f"{prefix}-images-idx3-ubyte"))
    labels = read_labels(find(data_dir, f"{prefix}-labels-idx1-ubyte"), images.shape[0])
    return images, labels


def build_model():
    return nn.Sequential(
        nn.Conv2d(1, 64, 3), nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1600, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )


def batches(images, labels, batch, generator):
    """Endless shuffled mini-batches (contiguous copies, so indexing cost stays out of the timed step)."""
    n = images.shape[0]
    while True:
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - batch + 1, batch):
            idx = order[start:start + batch]
            yield images[idx].contiguous(), labels[idx].contiguous()


def train_throughput(images, labels, batch, seconds, max_batches, warmup):
    torch.manual_seed(0)
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    data = batches(images, labels, batch, torch.Generator().manual_seed(1))
    model.train()

    def step():
        x, y = next(data)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    done, start = 0, clock()
    while done < max_batches and clock() - start < seconds:
        step()
        done += 1
    return done * batch / (clock() - start)


def infer_throughput(model, images, batch, seconds):
    x = images[:batch].contiguous()
    with torch.inference_mode():
        for _ in range(3):
            model(x)
        done, start = 0, clock()
        while clock() - start < seconds:
            model(x).softmax(dim=1)
            done += 1
    return done * batch / (clock() - start)


def single_latency_us(model, images, seconds):
    samples = []
    with torch.inference_mode():
        for i in range(20):
            model(images[i:i + 1])
        start = clock()
        i = 0
        while clock() - start < seconds or len(samples) < 50:
            x = images[i % images.shape[0]:i % images.shape[0] + 1]
            t0 = clock()
            model(x).softmax(dim=1)
            samples.append(clock() - t0)
            i += 1
    return statistics.median(samples) * 1e6


def train_epochs(train, test, epochs, batch):
    torch.manual_seed(0)
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    images, labels = train
    g = torch.Generator().manual_seed(1)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(images.shape[0], generator=g)
        for start in range(0, images.shape[0], batch):
            idx = order[start:start + batch]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(images[idx]), labels[idx]).backward()
            opt.step()
    model.eval()
    correct = 0
    with torch.inference_mode():
        for start in range(0, test[0].shape[0], 1000):
            pred = model(test[0][start:start + 1000]).argmax(dim=1)
            correct += int((pred == test[1][start:start + 1000]).sum())
    return correct / test[0].shape[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default=default_data_dir(), help="folder with the Fashion-MNIST IDX files (.gz or raw)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    p.add_argument("--seconds", type=float, default=5.0, help="upper bound of each timed measurement, in seconds")
    p.add_argument("--batches", type=int, default=1_000_000, help="upper bound of timed training batches")
    p.add_argument("--warmup", type=int, default=10, help="untimed training batches before timing")
    p.add_argument("--train-epochs", type=int, default=0, help="also train N epochs at batch 32 and report test accuracy")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.add_argument("--cpu-time", action="store_true",
                   help="with --threads 1: time by the thread's CPU time (robust on a busy machine) instead of wall clock")
    args = p.parse_args()
    if args.threads < 1 or args.seconds <= 0:
        raise SystemExit("--threads must be >= 1 and --seconds > 0")

    if args.cpu_time:
        if args.threads != 1:
            raise SystemExit("--cpu-time needs --threads 1 (other threads' work would not be counted)")
        global clock
        clock = time.thread_time
    torch.set_num_threads(args.threads)
    train_images, train_labels = load(args.data_dir, "train")
    result = {
        "torch_version": torch.__version__,
        "threads": args.threads,
        "clock": "thread_cpu_time" if args.cpu_time else "wall",
        "train_samples_per_sec_b32": train_throughput(train_images, train_labels, 32, args.seconds, args.batches, args.warmup),
        "train_samples_per_sec_b128": train_throughput(train_images, train_labels, 128, args.seconds, args.batches, args.warmup),
    }
    model = build_model().eval()
    per_batch = {b: infer_throughput(model, train_images, b, args.seconds / 2) for b in (32, 64, 128, 256, 512)}
    result["infer_images_per_sec_b128"] = per_batch[128]
    best = max(per_batch, key=per_batch.get)
    result["infer_images_per_sec_best"] = per_batch[best]
    result["infer_best_batch"] = best
    result["single_image_latency_us"] = single_latency_us(model, train_images, args.seconds / 2)
    if args.train_epochs > 0:
        test = load(args.data_dir, "t10k")
        result["train_epochs"] = args.train_epochs
        result["test_accuracy"] = train_epochs((train_images, train_labels), test, args.train_epochs, 32)

    if args.json:
        print(json.dumps(result))
    else:
        print(f"PyTorch {result['torch_version']} on CPU, {args.threads} thread(s)")
        print(f"  training   batch  32: {result['train_samples_per_sec_b32']:9.0f} samples/s")
        print(f"  training   batch 128: {result['train_samples_per_sec_b128']:9.0f} samples/s")
        print(f"  inference  batch 128: {result['infer_images_per_sec_b128']:9.0f} images/s")
        print(f"  inference  best (batch {best}): {result['infer_images_per_sec_best']:9.0f} images/s")
        print(f"  single image latency: {result['single_image_latency_us']:9.0f} us (median)")
        if "test_accuracy" in result:
            print(f"  test accuracy after {args.train_epochs} epoch(s): {result['test_accuracy']:.4f}")


if __name__ == "__main__":
    main()
