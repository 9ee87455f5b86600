/** The decision cookie's settings, as the config check resolves them (`ResolvedConfig['cookie']`). */
export interface CookieSettings {
  name: string;
  /** The cookie's names before a rename: read, and expired by the next write. */
  formerNames: string[];
  domain: string | undefined;
  path: string;
  sameSite: 'Lax' | 'Strict' | 'None';
  /** Undefined: on over https. */
  secure: boolean | undefined;
}

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
