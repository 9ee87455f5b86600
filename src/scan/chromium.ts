/** Finding a Chromium or Chrome on this machine for the scanner. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Chromium and Chrome are usually installed, per platform. */
export function usualPaths(platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    return ['Google Chrome', 'Chromium', 'Google Chrome Canary'].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [join(r, 'Google/Chrome/Application/chrome.exe'), join(r, 'Chromium/Application/chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/opt/google/chrome/chrome'];
}

/**
 * The browser to drive: `explicit` (from `--chromium`) when given, else `CHROME_PATH`, else the
 * first usual path that exists. Throws a message naming `--chromium` when there is none.
 */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  if (explicit) {
    if (!exists(explicit)) throw new Error(`--chromium: no browser at ${explicit}`);
    return explicit;
  }
  if (env.CHROME_PATH) {
    if (!exists(env.CHROME_PATH)) throw new Error(`CHROME_PATH: no browser at ${env.CHROME_PATH}; fix it or pass --chromium PATH`);
    return env.CHROME_PATH;
  }
  const found = usualPaths(process.platform, env).find(exists);
  if (!found) throw new Error('no Chromium or Chrome found; install one, or pass --chromium PATH (or set CHROME_PATH)');
  return found;
}
