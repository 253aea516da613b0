/** Moves the emulator's clock forward through its admin endpoint. */
export async function advanceClockBy(url: string, seconds: number): Promise<void> {
  const response = await fetch(`${url}/__admin/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  if (!response.ok) throw new Error(`clock: ${response.status}`);
}
