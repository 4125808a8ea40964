import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@dualtape/source` export condition,
// so tests never need a build. `ssr.resolve.conditions` is what node-environment tests read.
const conditions = ['@dualtape/source', 'module', 'node', 'development|production'];

const project = (name: string, root: string) => ({
  extends: true as const,
  test: { name, include: [`${root}/test/**/*.test.ts`] },
});

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      project('core', 'packages/core'),
      project('zoo', 'packages/zoo'),
      project('expression', 'packages/expression'),
      project('forward', 'packages/forward'),
      project('reverse', 'packages/reverse'),
      project('numeric', 'packages/numeric'),
      project('transform', 'packages/transform'),
      project('dualtape', 'packages/dualtape'),
      {
        ...project('cli', 'packages/cli'),
        test: {
          ...project('cli', 'packages/cli').test,
          globalSetup: ['packages/cli/test/global-setup.ts'],
        },
      },
      project('bench', 'bench'),
      project('examples', 'examples'),
      project('agreement', 'agreement'),
      project('tools', 'tools'),
      // Browser tests: Debian's Chromium through playwright-core; the setup installs it or says how.
      {
        ...project('testing', 'packages/testing'),
        test: {
          ...project('testing', 'packages/testing').test,
          globalSetup: ['packages/testing/src/chromium-setup.ts'],
        },
      },
      {
        ...project('web', 'web'),
        test: {
          ...project('web', 'web').test,
          globalSetup: ['packages/testing/src/chromium-setup.ts', 'web/test/build-setup.ts'],
        },
      },
    ],
    testTimeout: 60_000,
  },
});
