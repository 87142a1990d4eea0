export const x = (a: number): number => a + 1;
