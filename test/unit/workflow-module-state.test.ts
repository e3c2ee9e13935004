import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loudwireWorkflowBundleOptions } from '../../src/temporal/bundle-options';
import { workflowsPath } from '../../src/temporal/workflows-path';

// The workflow bundle preloads every workflow module once per worker thread and shares it between workflows
// (src/temporal/bundle-options.ts). A `let` at module scope, or a Map filled at run time, would then be one value
// for every record on the worker: state leaking between records, and a replay that decides differently.

const repositoryRoot = resolve(dirname(workflowsPath), '../..');

/** The files under src/ that the workflow bundle holds, as webpack resolved them (type-only imports drop out). */
async function bundledSourceModules(): Promise<string[]> {
  const { code } = await bundleWorkflowCode({
    ...loudwireWorkflowBundleOptions,
    logger: new DefaultLogger('WARN'),
  });
  const ids = [...code.matchAll(/^\/\*\*\*\/ "\.\/(src\/[^"]+\.ts)"$/gm)].map((match) => match[1]!);
  return [...new Set(ids)].map((id) => resolve(repositoryRoot, id));
}

const mutableContainers = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Module-scope declarations that hold state: `let`/`var`, and `const` containers made to be filled. */
function moduleStateIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const findings: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const { declarationList } = statement;
    const isConst = (declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of declarationList.declarations) {
      const name = declaration.name.getText(source);
      const line = source.getLineAndCharacterOfPosition(declaration.getStart(source)).line + 1;
      const where = `${relative(repositoryRoot, file)}:${line} ${name}`;
      if (!isConst) {
        findings.push(
          `${where} (a module-scope ${declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var'})`,
        );
        continue;
      }
      const initializer = declaration.initializer;
      const readonlyType = /^Readonly(Set|Map|Array)\b|^readonly /.test(
        declaration.type?.getText(source) ?? '',
      );
      if (
        initializer &&
        ts.isNewExpression(initializer) &&
        mutableContainers.has(initializer.expression.getText(source)) &&
        !readonlyType
      ) {
        findings.push(`${where} (a module-scope ${initializer.expression.getText(source)})`);
      }
    }
  }
  return findings;
}

describe('workflow modules shared across workflows', () => {
  it('preloads the workflow entry point and its interceptors, so every workflow module is shared', () => {
    expect(loudwireWorkflowBundleOptions.preloadModules).toEqual([
      workflowsPath,
      ...loudwireWorkflowBundleOptions.workflowInterceptorModules,
    ]);
  });

  it('keeps no state at module scope in any module of the workflow bundle', async () => {
    const modules = await bundledSourceModules();
    // The bundle must hold the record workflow's helpers, or this test guards nothing.
    expect(modules.map((file) => relative(repositoryRoot, file))).toEqual(
      expect.arrayContaining(['src/workflows/approval-gate.ts', 'src/workflows/record-versions.ts']),
    );
    expect(modules.length).toBeGreaterThan(40);
    expect(modules.flatMap(moduleStateIn)).toEqual([]);
  }, 60_000);

  it('finds module-scope state where it exists', () => {
    const findings = moduleStateIn(resolve(repositoryRoot, 'test/fixtures/module-state/stateful-module.ts'));
    expect(findings).toEqual([
      'test/fixtures/module-state/stateful-module.ts:3 approvedRecord (a module-scope let)',
      'test/fixtures/module-state/stateful-module.ts:5 seenEvents (a module-scope Map)',
    ]);
  });
});
