export function Busy({ title }: { title: string }) {
  return (
    <section className="panel" aria-busy="true">
      <h1 id="screen-title">{title}</h1>
      <div className="spinner" aria-hidden="true" />
    </section>
  );
}
