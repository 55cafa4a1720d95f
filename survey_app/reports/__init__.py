"""PDF reports: HTML+CSS templates under templates/reports/, rendered by ``pdf.render_pdf``."""
