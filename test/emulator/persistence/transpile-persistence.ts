import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE_DIR = fileURLToPath(new URL('../../../src/emulator/persistence/', import.meta.url));

/**
 * Compiles the persistence sources into plain ES modules in `outDir`, so a child `node` process
 * can run the real code without a TypeScript loader.
 */
export async function transpilePersistence(outDir: string): Promise<void> {
  const names = (await readdir(SOURCE_DIR)).filter((name) => name.endsWith('.ts'));
  await Promise.all(
    names.map(async (name) => {
      const source = await readFile(join(SOURCE_DIR, name), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        fileName: name,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
      });
      await writeFile(join(outDir, name.replace(/\.ts$/, '.js')), outputText);
    }),
  );
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n');
}
