/** `lifeline triage train [--csv file]`: retrain the needs model from the people's triage decisions (and a labelled CSV). */
import fs from 'node:fs';
import { loadConfig } from '../../config.ts';
import { storeExamples } from '../../features/triage/retraining.ts';
import { needList } from '../../features/triage/needs.ts';
import { parseLabelledCsv, trainNeedsModel } from '../../features/triage/training.ts';
import path from 'node:path';
import { type Command, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const triageCommand: Command = {
  name: 'triage',
  summary: 'Retrain the needs model (triage train [--csv file])',
  usage: 'lifeline triage train [--csv labelled.csv]',
  help: 'The CSV has the columns text and needs (codes separated by ";"), and may have urgency. A CSV with any bad row is refused whole. Its texts are kept for a year so that the server\'s scheduled retraining (every 6 hours, when 25 new labels have come in) keeps them.',
  options: { csv: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'train') throw new UsageError('say what to do: train');
    if (typeof values['csv'] === 'string' && !fs.existsSync(values['csv'])) throw new UsageError(`--csv: there is no file ${values['csv']}`);
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      // The needs in the CSV are checked against the deployment's code list (need_codes), its own needs included.
      const extra = typeof values['csv'] === 'string' ? parseLabelledCsv(fs.readFileSync(values['csv'], 'utf8'), await needList(database.db)) : undefined;
      // The imported texts are kept (a year) so that later and scheduled trainings keep learning from them.
      if (extra && typeof values['csv'] === 'string') io.out(`Stored ${await storeExamples(database.db, extra, `csv:${path.basename(values['csv'])}`)} labelled text(s) from the CSV.`);
      const result = await trainNeedsModel(database.db, { trainedBy: 'cli' });
      io.out(`Trained model ${result.id} on ${result.examples} labelled messages (${result.fromLabels} from triage decisions).`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
