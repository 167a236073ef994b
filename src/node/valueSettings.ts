import { parseSettings, type Settings, type SettingsSource } from '../foundation/settings';
import type { FrontEndWords } from '../foundation/words';

/**
 * Settings given as values by their key without the section ('host', 'connections', …), parsed by
 * the same rules as the editor's, with the same problems for a value that cannot be used: each
 * setting named by `words`, as the front end that gave the values names it (a command line's flag).
 */
export class ValueSettings implements SettingsSource {
  constructor(
    public values: Record<string, unknown>,
    private readonly words: FrontEndWords,
  ) {}

  read(): Settings {
    return parseSettings((key) => this.values[key], this.words);
  }

  setHost(origin: string): Promise<void> {
    this.values.host = origin;
    return Promise.resolve();
  }

  connectionItems(): unknown[] {
    const items = this.values.connections;
    return Array.isArray(items) ? [...(items as unknown[])] : [];
  }

  setConnectionItems(items: unknown[]): Promise<void> {
    // A copy, through JSON, as a settings file keeps it.
    this.values.connections = JSON.parse(JSON.stringify(items)) as unknown[];
    return Promise.resolve();
  }
}
