import { defineConfig } from 'vitest/config';

// The page's style sheets are imported as text (`?raw`): vitest must hand their real content.
export default defineConfig({ test: { css: { include: [/\.css/] } } });
