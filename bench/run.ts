/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in turn and prints its markdown. Each module measures
 * its subject beside a peer or baseline in the same run; no figure is printed alone. Pass names to run a subset:
 * `npm run bench -- matching`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface BenchModule {
  default: () => Promise<string>;
}

async function main(): Promise<void> {
  const filter = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => filter.length === 0 || filter.some((name) => file.includes(name)))
    .sort();
  console.log(
    `# Pairwise benchmarks\n\n${new Date().toISOString()} · node ${process.version} · ${process.platform}/${process.arch}\n`,
  );
  for (const file of files) {
    const module = (await import(join(__dirname, file))) as BenchModule;
    console.log(await module.default());
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
