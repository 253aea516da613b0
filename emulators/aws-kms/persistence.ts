import { loadStateFile, StateFile as SharedStateFile } from '../shared/state-file';
import type { StateData } from './state';

export const loadState = (file: string) => loadStateFile<StateData>(file, (data) => data.version === 1);
export class StateFile extends SharedStateFile<StateData> {}
