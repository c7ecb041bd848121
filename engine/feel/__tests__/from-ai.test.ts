/** fromAi(): Camunda 8.8's FEEL extension returns its value unchanged, whatever the describing arguments. */
import { evaluateFeel } from '..';

describe('fromAi()', () => {
  it.each([
    ['fromAi(toolCall.q)', 'find me'],
    ['fromAi(toolCall.q, "The query")', 'find me'],
    ['fromAi(toolCall.q, "The query", "string", {minLength: 1}, {required: true})', 'find me'],
    ['fromAi(value: toolCall.n, description: "A number") + 1', 3],
    ['fromAi(toolCall.missing, null)', null],
  ])('%s', (source, expected) => {
    expect(evaluateFeel(source, { toolCall: { q: 'find me', n: 2 } })).toEqual(expected);
  });
});
