#!/usr/bin/env node
// Installed as the `pathnet-worker` command; the implementation is in the built dist/worker-cli.js.
import '../dist/worker-cli.js';
