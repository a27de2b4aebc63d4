#!/usr/bin/env node
// The command line is bundled into one module at build time: loading one file instead
// of several hundred is most of what makes `kdeck get pods` start fast.
import "../dist/bundle/cli.js";
