"""Plotly figure builders, one module per page they serve: plain data in, a figure out."""
