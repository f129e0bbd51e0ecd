/** `lifeline triage train [--csv file]`: retrain the needs model from the people's triage decisions (and a labelled CSV). */
import fs from 'node:fs';
import { loadConfig } from '../../config.ts';
import { parseLabelledCsv, trainNeedsModel } from '../../features/triage/training.ts';
import { type Command, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const triageCommand: Command = {
  name: 'triage',
  summary: 'Retrain the needs model (triage train [--csv file])',
  usage: 'lifeline triage train [--csv labelled.csv]',
  help: 'The CSV has the columns text and needs (codes separated by ";"), and may have urgency. A CSV with any bad row is refused whole.',
  options: { csv: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'train') throw new UsageError('say what to do: train');
    let extra;
    if (typeof values['csv'] === 'string') {
      if (!fs.existsSync(values['csv'])) throw new UsageError(`--csv: there is no file ${values['csv']}`);
      extra = parseLabelledCsv(fs.readFileSync(values['csv'], 'utf8'));
    }
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const result = await trainNeedsModel(database.db, { ...(extra ? { extra } : {}), trainedBy: 'cli' });
      io.out(`Trained model ${result.id} on ${result.examples} labelled messages (${result.fromLabels} from triage decisions).`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
