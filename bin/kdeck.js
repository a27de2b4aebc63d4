#!/usr/bin/env -S node --max-semi-space-size=32
// A console keeps a large heap (every node, pod and event) and allocates a little on every
// frame: a young generation of 32 MB instead of V8's default collects it half as often,
// which halves the idle CPU of a console on a big cluster. `env -S` passes the flag.
// The command line is bundled into one module at build time: loading one file instead
// of several hundred is most of what makes `kdeck get pods` start fast.
import "../dist/bundle/cli.js";
