// ESLint rule `curvechat/layers`: imports point one way along the layers of docs/architecture.md.
import path from 'node:path';

/**
 * The layers, lowest first. A file may import its own layer and any lower one, never a higher one.
 * Folders are matched longest first, so `client/viz/model` is a model even though it sits in `client/viz`.
 */
export const LAYERS = [
  { name: 'common', rank: 0, folders: ['common'] },
  { name: 'client/crypto', rank: 1, folders: ['client/crypto'] },
  { name: 'client/math', rank: 2, folders: ['client/math'] },
  { name: 'client/session', rank: 3, folders: ['client/session'] },
  { name: 'models', rank: 4, folders: ['client/viz/model', 'client/lab/model', 'client/lessons/model'] },
  {
    name: 'views',
    rank: 5,
    folders: ['client/components', 'client/viz', 'client/lab', 'client/lessons', 'client/styles'],
  },
  { name: 'client (composition root)', rank: 6, folders: ['client'] },
];

/** The relay is its own branch: it may use `common` and itself, nothing of the client. */
const SERVER = { name: 'server', folders: ['server'], may: ['common', 'server'] };

/** Packages a layer may import, where it matters: Lit (DOM) only in views; the socket only in the session. */
const PACKAGE_FLOOR = [
  { test: /^lit(\/|$)|^@lit\//, rank: 5, why: 'Lit touches the DOM; only views may use it' },
  { test: /^socket\.io-client(\/|$)/, rank: 3, why: 'only the session talks to the relay' },
];

const folderTable = [
  ...LAYERS.flatMap((layer) => layer.folders.map((folder) => ({ folder, layer }))),
  { folder: SERVER.folders[0], layer: SERVER },
].sort((a, b) => b.folder.length - a.folder.length);

/** The layer of a repository-relative path (forward slashes), or undefined outside the layered folders. */
export function layerOf(rel) {
  const hit = folderTable.find(({ folder }) => rel === folder || rel.startsWith(`${folder}/`));
  return hit?.layer;
}

function verdict(from, to) {
  if (from === SERVER) return SERVER.may.includes(to.name) ? null : `the relay may import only common/`;
  if (to === SERVER) return `${from.name} may not import the relay (server/)`;
  if (to.rank > from.rank)
    return `${from.name} (layer ${from.rank}) may not import ${to.name} (layer ${to.rank})`;
  return null;
}

/** The rule. */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point one way along the layers of docs/architecture.md' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
        const to = layerOf(target.split(path.sep).join('/'));
        const why = to && verdict(from, to);
        if (why) context.report({ node, message: `Upward import: ${why}. See docs/architecture.md#layers.` });
        return;
      }
      if (from.rank === 0 && !/^(zod|@scure\/base)(\/|$)/.test(source)) {
        context.report({
          node,
          message: `common/ may not import '${source}': it may import only zod and @scure/base, as the relay and the browser both load it.`,
        });
        return;
      }
      const rule = from.rank === undefined ? undefined : PACKAGE_FLOOR.find((p) => p.test.test(source));
      if (rule && from.rank < rule.rank)
        context.report({ node, message: `${from.name} may not import '${source}': ${rule.why}.` });
    };
    const fromNode = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromNode,
      ExportNamedDeclaration: fromNode,
      ExportAllDeclaration: fromNode,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

/** The plugin, registered as `curvechat` in eslint.config.js. */
export default { rules: { layers: layersRule } };
