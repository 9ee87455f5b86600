/**
 * Reads another tool's config out of a `.js` file WITHOUT running it: the file is parsed (acorn)
 * and only literal data is taken (objects, arrays, strings, numbers, booleans, null, regular
 * expressions, template strings without `${}`). Functions, calls and variables are left out and
 * listed, so nothing in a downloaded config can run on the machine that converts it. (Node's `vm`
 * is no sandbox: its own documentation says not to run untrusted code in it.)
 */
import { parse, type Node } from 'acorn';

/** Where a value came from, for the list of what was left out. */
type Omitted = (path: string, what: string) => void;

interface AnyNode extends Node { [k: string]: unknown }

/** A literal value of the syntax tree; `undefined` (and a note) for anything that is not data. */
function value(n: AnyNode, path: string, omit: Omitted): unknown {
  switch (n.type) {
    case 'Literal':
      if (n.regex) {
        const { pattern, flags } = n.regex as { pattern: string; flags: string };
        try { return new RegExp(pattern, flags); } catch { return omit(path, `a regular expression this Node cannot compile (/${pattern}/${flags})`); }
      }
      return n.value;
    case 'TemplateLiteral':
      if ((n.expressions as unknown[]).length) return omit(path, 'a template string with ${…}');
      return ((n.quasis as AnyNode[])[0]!.value as { cooked: string }).cooked;
    case 'UnaryExpression': {
      const v = n.operator === '-' || n.operator === '+' || n.operator === '!' ? value(n.argument as AnyNode, path, () => undefined) : undefined;
      if (typeof v === 'number' && n.operator !== '!') return n.operator === '-' ? -v : v;
      if (n.operator === '!' && typeof v === 'number') return !v; // minifiers write !0 and !1
      return omit(path, 'an expression');
    }
    case 'Identifier':
      return n.name === 'undefined' ? undefined : omit(path, `the variable ${String(n.name)}`);
    case 'ArrayExpression':
      return (n.elements as (AnyNode | null)[]).map((e, i) => (e && e.type !== 'SpreadElement' ? value(e, `${path}[${i}]`, omit) : omit(`${path}[${i}]`, 'a spread')));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of n.properties as AnyNode[]) {
        const key = p.type === 'Property' && !p.computed ? keyOf(p.key as AnyNode) : undefined;
        if (key === undefined) { omit(path, p.type === 'SpreadElement' ? 'a spread (...)' : 'a computed key'); continue; }
        const at = path ? `${path}.${key}` : key;
        if (p.kind !== 'init' || p.method) { omit(at, 'a function'); continue; }
        const v = value(p.value as AnyNode, at, omit);
        if (v !== undefined) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return omit(path, 'a function');
    default:
      return omit(path, `code (${n.type})`);
  }
}

const keyOf = (k: AnyNode): string | undefined => (k.type === 'Identifier' ? String(k.name) : k.type === 'Literal' ? String(k.value) : undefined);

/** The object literal a statement gives a config, if any (with the variable it names, for `run(config)`). */
function candidates(program: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  const vars = new Map<string, AnyNode>();
  const visit = (n: AnyNode | null | undefined) => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'VariableDeclarator' && (n.init as AnyNode | null)?.type === 'ObjectExpression' && (n.id as AnyNode).type === 'Identifier') vars.set(String((n.id as AnyNode).name), n.init as AnyNode);
    if (n.type === 'CallExpression') {
      const arg = (n.arguments as AnyNode[])[0];
      const callee = n.callee as AnyNode;
      const name = callee.type === 'MemberExpression' ? keyOf(callee.property as AnyNode) : callee.type === 'Identifier' ? String(callee.name) : '';
      // CookieConsent.run({...}), Klaro.setup({...}), run(config)
      if (arg && /^(run|setup|init|show)$/.test(name ?? '')) found.unshift(arg.type === 'Identifier' ? vars.get(String(arg.name)) ?? arg : arg);
    }
    if (n.type === 'ExportDefaultDeclaration' && (n.declaration as AnyNode).type === 'ObjectExpression') found.push(n.declaration as AnyNode);
    if (n.type === 'AssignmentExpression' && (n.right as AnyNode).type === 'ObjectExpression') found.push(n.right as AnyNode);
    for (const [k, v] of Object.entries(n)) {
      if (k === 'type' || k === 'start' || k === 'end') continue;
      if (Array.isArray(v)) v.forEach((x) => visit(x as AnyNode));
      else if (v && typeof v === 'object' && typeof (v as AnyNode).type === 'string') visit(v as AnyNode);
    }
  };
  visit(program);
  // A variable holding the config (`var klaroConfig = {...}`): after the calls, named ones first.
  const named = [...vars.entries()].sort(([a], [b]) => Number(/config/i.test(b)) - Number(/config/i.test(a)));
  return [...found, ...named.map(([, v]) => v)].filter((n) => n.type === 'ObjectExpression');
}

/**
 * The config in a file's text: JSON as it is; JavaScript parsed, and the object given to
 * `CookieConsent.run(…)` / `Klaro.setup(…)`, assigned (`window.klaroConfig = …`), exported
 * (`export default …`) or declared (`var klaroConfig = …`) read as data.
 *
 * @returns the config and what was left out (`services[2].callback: a function`)
 */
export function readConfigText(text: string, file = 'config'): { config: Record<string, unknown>; omitted: string[] } {
  const omitted: string[] = [];
  if (/\.json$/i.test(file)) return { config: JSON.parse(text), omitted };
  let program: AnyNode;
  try {
    program = parse(text, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true }) as unknown as AnyNode;
  } catch {
    program = parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }) as unknown as AnyNode;
  }
  const [object] = candidates(program);
  if (!object) throw new Error(`${file}: found no config object (expected CookieConsent.run({...}), var klaroConfig = {...}, export default {...} or JSON)`);
  const config = value(object, '', (path, what) => void omitted.push(`${path || '(config)'}: ${what}`)) as Record<string, unknown>;
  return { config, omitted };
}
