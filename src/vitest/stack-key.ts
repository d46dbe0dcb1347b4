/** The key under which the stack is provided to vitest workers (`inject('enid:stack')`). */
export const STACK_KEY = 'enid:stack';
