"""The output stage: contract tables → files, and the output folder that holds them.

`folder.OutputFolder` owns a folder for one run (what it holds and who wrote it, the
lock, the manifest, stems and partitions, what may be replaced and what is never
touched); `writer` writes one input's files, `workbook` its Excel sheet, `manifest`
is the run record's format, `formats` the names and cell conventions they share.
"""
