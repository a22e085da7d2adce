// Handlebars' generated parser, for the place of a parse error (template-errors.ts); it ships no types.
declare module 'handlebars/dist/cjs/handlebars/compiler/parser.js' {
  const parser: unknown
  export default parser
}
