/** Colours Ink draws itself: box borders (lines are coloured in ansi.ts). */
export const BORDER = { focused: "cyan", normal: "gray", danger: "red" } as const;
