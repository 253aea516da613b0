// Preloaded (NODE_OPTIONS=--import) into every Node process the launcher starts: a child whose
// launcher is gone, even by SIGKILL, stops too. The launcher gives each child an IPC channel; the
// channel closes when the launcher exits, however it exits. The child then gets SIGTERM, so its own
// graceful shutdown runs, and exits regardless a few seconds later. A process started without a
// channel (a tool run by hand with the same NODE_OPTIONS) is left alone.
if (process.channel) {
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), 5_000).unref();
    process.kill(process.pid, 'SIGTERM');
  });
  // The channel must not keep a child alive that would otherwise exit.
  process.channel.unref();
}
