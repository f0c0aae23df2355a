export function registerStaff(_: unknown) { return (_h: string) => {}; }
