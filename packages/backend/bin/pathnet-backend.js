#!/usr/bin/env node
// Installed as the `pathnet-backend` command; the implementation is in the built dist/cli.js.
import '../dist/cli.js';
