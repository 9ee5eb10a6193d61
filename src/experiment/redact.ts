// Passwords in DSNs never reach logs, journals or reports.

export function redactSecrets(text: string): string {
  return text.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
}
