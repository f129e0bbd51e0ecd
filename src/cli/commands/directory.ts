/**
 * `lifeline directory import <folder|package.zip> [--crisis slug,...]` and `lifeline directory export <folder>`:
 * the service directory as an HSDS 3.0 tabular package (CSV files and datapackage.json). An import with any bad
 * row is refused whole, each problem on its own line; an export leaves safe houses out unless asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { findCrisisBySlug } from '../../features/crises/crises.repo.ts';
import { importFiles, unzipPackage } from '../../features/directory/directory.service.ts';
import { exportTabular } from '../../features/directory/hsds/export.ts';
import { AppError } from '../../http/errors.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

function readPackage(source: string): Map<string, string> {
  if (!fs.existsSync(source)) throw new UsageError(`there is no file or folder ${source}`);
  if (fs.statSync(source).isDirectory()) {
    const files = new Map<string, string>();
    for (const name of fs.readdirSync(source)) {
      if (name.endsWith('.csv') || name === 'datapackage.json') files.set(name, fs.readFileSync(path.join(source, name), 'utf8'));
    }
    if (files.size === 0) throw new UsageError(`${source} holds no .csv file`);
    return files;
  }
  if (!source.endsWith('.zip')) throw new UsageError(`${source}: give a folder of CSV files or a .zip package`);
  return unzipPackage(fs.readFileSync(source));
}

function printProblems(error: AppError, io: CommandIo): void {
  io.err(error.message);
  for (const d of error.details ?? []) io.err(`  ${d.field}: ${d.message}`);
}

export const directoryCommand: Command = {
  name: 'directory',
  summary: 'Import or export the service directory as HSDS 3.0 (directory import|export)',
  usage: 'lifeline directory import <folder|package.zip> [--crisis slug,slug] | lifeline directory export <folder> [--include-confidential]',
  help: 'import: all or nothing; records are matched by id, so importing again updates. export: writes the CSV files and datapackage.json into the folder.',
  options: { crisis: { type: 'string' }, 'include-confidential': { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [action, target, ...rest] = positionals;
    if ((action !== 'import' && action !== 'export') || !target || rest.length > 0) throw new UsageError('say what to do: import <folder|package.zip> or export <folder>');
    const files = action === 'import' ? readPackage(target) : undefined;
    const database = await openConfiguredDatabase(loadConfig());
    try {
      if (action === 'export') {
        fs.mkdirSync(target, { recursive: true });
        const out = await exportTabular(database.db, { includeConfidential: values['include-confidential'] === true });
        for (const [name, text] of out) fs.writeFileSync(path.join(target, name), text);
        io.out(`Wrote ${out.size} files to ${target}${values['include-confidential'] ? ' (confidential locations included: keep them safe)' : ''}.`);
        return 0;
      }
      const crisisIds: string[] = [];
      for (const slug of typeof values['crisis'] === 'string' ? values['crisis'].split(',') : []) {
        const crisis = await findCrisisBySlug(database.db, slug.trim());
        if (!crisis) throw new UsageError(`--crisis: there is no crisis "${slug.trim()}"`);
        crisisIds.push(crisis.id);
      }
      try {
        const result = await importFiles(database.db, files as Map<string, string>, 'system', crisisIds);
        io.out(`Imported ${Object.entries(result.counts).filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ')} (import ${result.importId}).`);
        if (result.skipped.length > 0) io.out(`Skipped (HSDS tables Lifeline does not keep yet): ${result.skipped.join(', ')}`);
        return 0;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
        printProblems(error, io);
        return 1;
      }
    } finally {
      await database.close();
    }
  },
};
