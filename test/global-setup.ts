/** Builds the command line once before the tests that run it, so parallel test files never race to build it. */
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain ESM script without type declarations
  const { buildCli } = await import('../bin/build.mjs');
  await buildCli();
}
