// mvdan-sh ships no types (GopherJS output of mvdan.cc/sh/v3/syntax). Only what twokey uses is declared.
declare module 'mvdan-sh' {
  const mvdan: { syntax: import('./mvdan.js').SyntaxApi };
  export default mvdan;
}
