/** Whether this run is CI, where a missing daemon or docker CLI fails instead of skipping. */
export const inCI = process.env.CI === 'true' || process.env.CI === '1';
