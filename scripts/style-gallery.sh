#!/bin/sh
# Regenerates docs/style-gallery/ (the pictures in docs/style.md and the README) with the CLI.
# Run after `npm run build`. Textures: 256 px, 60 L-BFGS steps; stylisations: 256 px, 80 steps (40 at half size first).
set -e
out=docs/style-gallery
p=assets/paintings
for name in vincent_van_gogh_the_starry_night katsushika_hokusai_the_great_wave_off_kanagawa; do
  node dist/src/cli/main.js texture "$p/$name.jpg" -o "$out/texture-$name.png" --size 256 --steps 60 --json
done
node dist/src/cli/main.js stylize assets/photos/figures.jpg "$p/vincent_van_gogh_the_starry_night.jpg" -o "$out/stylize-figures-starry-night.png" \
  --size 256 --steps 80 --side-by-side "$out/stylize-figures-starry-night-sbs.png" --json
node dist/src/cli/main.js stylize assets/photos/figures.jpg "$p/katsushika_hokusai_the_great_wave_off_kanagawa.jpg" -o "$out/stylize-figures-great-wave-colors.png" \
  --size 256 --steps 80 --preserve-colors --side-by-side "$out/stylize-figures-great-wave-colors-sbs.png" --json
