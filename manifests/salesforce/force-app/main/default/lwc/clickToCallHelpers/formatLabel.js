/** Fills a Custom Label's `{0}`, `{1}`... placeholders, the way Salesforce labels take parameters. */
export function formatLabel(label, ...values) {
    return label.replace(/\{(\d+)\}/g, (placeholder, index) =>
        index < values.length ? String(values[index]) : placeholder
    );
}
