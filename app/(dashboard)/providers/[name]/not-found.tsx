import Link from 'next/link';

export default function ProviderNotFound() {
  return (
    <div className="card empty empty-page">
      <p className="empty-title">No such provider</p>
      <p>It may have been deleted, or the address is mistyped.</p>
      <Link href="/providers" className="btn">
        All providers
      </Link>
    </div>
  );
}
