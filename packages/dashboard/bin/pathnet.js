#!/usr/bin/env node
// Installed as the `pathnet` command; the implementation is in the built dist/view-cli.js.
import '../dist/view-cli.js';
