// Operands of show/diff/checkout: `churn@v1.2.0`, `churn@1.2.0`, `churn#prod`, `churn@main`,
// `churn@HEAD~2`, `churn@workdir`, `nlp:churn@v1.0.0`, `churn@latest`.

export type Operand =
  | { model: string; kind: 'version'; version: string }
  | { model: string; kind: 'stage'; stage: string }
  | { model: string; kind: 'latest' }
  | { model: string; kind: 'workdir' }
  | { model: string; kind: 'rev'; rev: string };

export class OperandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperandError';
  }
}

/** Splits at the first `@` or `#`: model names never hold either. */
export function parseOperand(text: string): Operand {
  const at = text.search(/[@#]/);
  if (at <= 0) throw new OperandError(`'${text}' names no version; write <model>@<version>, <model>#<stage> or <model>@workdir`);
  const model = text.slice(0, at);
  const rest = text.slice(at + 1);
  if (!rest) throw new OperandError(`'${text}' names no version after '${text[at]}'`);
  if (text[at] === '#') return { model, kind: 'stage', stage: rest };
  if (rest === 'workdir') return { model, kind: 'workdir' };
  if (rest === 'latest' || rest === 'greatest') return { model, kind: 'latest' };
  if (/^v?\d+\.\d+\.\d+/.test(rest)) return { model, kind: 'version', version: rest.startsWith('v') ? rest : `v${rest}` };
  return { model, kind: 'rev', rev: rest };
}
