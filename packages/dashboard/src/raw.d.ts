/** A file imported as its text (`?raw`: inlined by the build, and by vitest in tests). */
declare module '*?raw' {
  const text: string;
  export default text;
}
