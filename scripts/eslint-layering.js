// ESLint rule `layering/imports`: the dependency rule of ARCHITECTURE.md as an allow-list. Every way
// a module can pull in another is checked: import/export … from, `import x = require()`, `import()`,
// `require()` and `typeof import()` types. Relative specifiers are resolved against the file, so
// `../../app/x.js` from main/core is caught whatever it is spelt like. A specifier that is not a
// string literal cannot be checked, so it is refused where the layer says so.
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** Options of one layer (all optional; a missing allowance is a refusal):
 *  within: project folders relative imports may resolve into ('**' = anywhere)
 *  typesFrom: project folders that type-only imports may also resolve into
 *  packages: npm packages allowed ('*' = any); denyPackages: refused even then, unless type-only
 *  builtins: Node built-ins allowed; computed: non-literal import()/require() allowed
 *  message: the layer's rule, said to whoever breaks it */
const schema = [{
  type: 'object', additionalProperties: false,
  properties: {
    within: { type: 'array', items: { type: 'string' } },
    typesFrom: { type: 'array', items: { type: 'string' } },
    packages: { type: 'array', items: { type: 'string' } },
    denyPackages: { type: 'array', items: { type: 'string' } },
    builtins: { type: 'boolean' },
    computed: { type: 'boolean' },
    message: { type: 'string' },
  },
}];

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function inside(folder, projectPath) {
  return folder === '**' || projectPath === folder || projectPath.startsWith(`${folder}/`);
}

const importsRule = {
  meta: { type: 'problem', schema, messages: { refused: '{{why}} ({{specifier}}): {{message}}' } },
  create(context) {
    const o = context.options[0] ?? {};
    const root = context.cwd;
    const here = dirname(context.filename);

    function refusal(specifier, typeOnly) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = relative(root, resolve(here, specifier)).split(sep).join('/');
        const folders = [...(o.within ?? []), ...(typeOnly ? o.typesFrom ?? [] : [])];
        return folders.some((f) => inside(f, target)) ? null : `imports ${target}, outside what this layer may import`;
      }
      if (isBuiltin(specifier)) return o.builtins ? null : 'imports a Node built-in';
      const name = packageName(specifier);
      if ((o.denyPackages ?? []).includes(name)) return typeOnly ? null : `imports ${name} at runtime`;
      const allowed = o.packages ?? [];
      return allowed.includes('*') || allowed.includes(name) ? null : `imports the package ${name}, not on this layer's allow-list`;
    }

    function check(node, source, typeOnly) {
      if (source?.type === 'Literal' && typeof source.value === 'string') {
        const why = refusal(source.value, typeOnly);
        if (why) context.report({ node, messageId: 'refused', data: { why, specifier: source.value, message: o.message ?? '' } });
      } else if (source?.type === 'TemplateLiteral' && source.expressions.length === 0) {
        check(node, { type: 'Literal', value: source.quasis[0].value.cooked }, typeOnly);
      } else if (!o.computed) {
        context.report({ node, messageId: 'refused', data: { why: 'imports a computed specifier, which cannot be checked', specifier: '…', message: o.message ?? '' } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => { if (node.source) check(node, node.source, node.exportKind === 'type'); },
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node, node.moduleReference.expression, node.importKind === 'type');
      },
      TSImportType: (node) => { if (node.argument?.type === 'TSLiteralType') check(node, node.argument.literal, true); },
      ImportExpression: (node) => check(node, node.source, false),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = (callee.type === 'Identifier' && callee.name === 'require')
          || (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'module'
            && callee.property.type === 'Identifier' && callee.property.name === 'require');
        if (isRequire) check(node, node.arguments[0], false);
      },
    };
  },
};

export const layeringPlugin = { rules: { imports: importsRule } };
