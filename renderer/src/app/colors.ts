// Tag colours dark enough for white text at WCAG AA (4.5:1).
export const PASS_COLOR = '#237804';
export const FAIL_COLOR = '#a8071a';
