'use client';
import { useEffect, useState } from 'react';
import { useToast } from './toast';
import { Button } from './ui/button';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2_000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      // navigator.clipboard exists only in secure contexts (https, localhost).
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      toast('Copying failed: the browser refused clipboard access. Select the text and copy it instead.', 'error');
    }
  }

  return (
    <Button size="sm" className="min-w-16" aria-label={label} onClick={copy}>
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}
