/**
 * `lifeline map import <file.csv> --crisis <slug> --organisation <id> [--profile hxl|missing_migrants] [--name ...]
 * [--source ...] [--licence ...]`: an incident dataset onto a crisis map, all or nothing, each bad row on its own line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { findCrisisBySlug } from '../../features/crises/crises.repo.ts';
import { importProfiles, type ImportProfile } from '../../features/map/import-rows.ts';
import { importDataset } from '../../features/map/import.service.ts';
import { AppError } from '../../http/errors.ts';
import { type Command, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const mapCommand: Command = {
  name: 'map',
  summary: 'Import an incident dataset (CSV or HXL) onto a crisis map (map import)',
  usage: 'lifeline map import <file.csv> --crisis <slug> --organisation <id> [--profile hxl|missing_migrants] [--name text] [--source text] [--licence text]',
  help: 'All or nothing: a file with any bad row is refused, each problem printed as row, field and rule. The profile missing_migrants reads the IOM Missing Migrants Project export as it is.',
  options: { crisis: { type: 'string' }, organisation: { type: 'string' }, profile: { type: 'string' }, name: { type: 'string' }, source: { type: 'string' }, licence: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [action, file, ...rest] = positionals;
    if (action !== 'import' || !file || rest.length > 0) throw new UsageError('say what to do: map import <file.csv> --crisis <slug> --organisation <id>');
    if (!fs.existsSync(file)) throw new UsageError(`there is no file ${file}`);
    const profile = (typeof values['profile'] === 'string' ? values['profile'] : 'hxl') as ImportProfile;
    if (!importProfiles.includes(profile)) throw new UsageError(`--profile must be one of ${importProfiles.join(', ')}`);
    if (typeof values['crisis'] !== 'string') throw new UsageError('--crisis <slug> is required');
    if (typeof values['organisation'] !== 'string' || !/^[0-9a-f-]{36}$/i.test(values['organisation'])) throw new UsageError('--organisation <organisation id> is required');
    const csv = fs.readFileSync(file, 'utf8');
    const database = await openConfiguredDatabase(loadConfig());
    try {
      const crisis = await findCrisisBySlug(database.db, values['crisis']);
      if (!crisis) throw new UsageError(`--crisis: there is no crisis "${values['crisis']}"`);
      const organisation = await database.db.selectFrom('organisations').select('id').where('id', '=', values['organisation']).executeTakeFirst();
      if (!organisation) throw new UsageError(`--organisation: there is no organisation ${values['organisation']}`);
      try {
        const name = typeof values['name'] === 'string' ? values['name'] : path.basename(file);
        const result = await importDataset(database.db, 'system', crisis.id, { name, profile, csv, organisationId: organisation.id, source: values['source'] as string | undefined, licence: values['licence'] as string | undefined });
        io.out(`Imported ${result.rows} incidents onto the map of ${crisis.slug} (dataset ${result.datasetId}).`);
        return 0;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
        io.err(error.message);
        for (const d of error.details ?? []) io.err(`  ${d.message}`);
        return 1;
      }
    } finally {
      await database.close();
    }
  },
};
