/** Where the decision record is kept. */
export interface DecisionStorage {
  /** `cookie` while cookies work; `memory` once they are blocked. */
  readonly kind: 'cookie' | 'memory';
  read(): string | undefined;
  /** Every stored copy, where there can be several (cookies of one name on other domains or paths); the store uses the newest. */
  readAll?(): (string | undefined)[];
  /** Stores the value for `days` days. */
  write(value: string, days: number): void;
  clear(): void;
}
