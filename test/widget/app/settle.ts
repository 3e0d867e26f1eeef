/** Lets the app's promise chains run (connector answers, host notifications). */
export const settle = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
