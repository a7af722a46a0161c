// axe_html.js — axe-core (WCAG 2.0/2.1 A and AA rules) over HTML pages in
// headless Chromium, at each viewport width given, plus a check that the
// page does not scroll sideways at that width (WCAG 1.4.10, reflow).
//
// usage: node axe_html.js CHROMIUM WIDTHS FILE.html...   (WIDTHS: "1200,400")
// Prints one line per problem, "FILE @WIDTHpx: RULE: HELP (N nodes: TARGETS)",
// and "ok FILE @WIDTHpx" for a clean page. Exit 0 when every page is clean,
// 1 when any has a problem, 2 on a usage or browser error.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function main() {
    const [chrome, widthList, ...files] = process.argv.slice(2);
    if (!chrome || !widthList || files.length === 0) {
        console.error('usage: node axe_html.js CHROMIUM WIDTHS FILE.html...');
        return 2;
    }
    const widths = widthList.split(',').map(Number);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'axe-chromium-'));
    const browser = await puppeteer.launch({
        executablePath: chrome,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--no-first-run',
               `--user-data-dir=${profile}`],
    });
    let bad = 0;
    try {
        const page = await browser.newPage();
        // The pages forbid every script by their Content-Security-Policy; axe is ours.
        await page.setBypassCSP(true);
        for (const file of files) {
            for (const width of widths) {
                await page.setViewport({width, height: 900});
                await page.goto('file://' + path.resolve(file), {waitUntil: 'load'});
                await page.addScriptTag({content: axeSource});
                const result = await page.evaluate(async () => {
                    const r = await axe.run(document, {
                        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                        resultTypes: ['violations'],
                    });
                    const el = document.scrollingElement || document.documentElement;
                    return {
                        violations: r.violations.map(v => ({
                            id: v.id, help: v.help,
                            targets: v.nodes.map(n => n.target.join(' ')),
                        })),
                        scrollWidth: el.scrollWidth,
                        clientWidth: el.clientWidth,
                    };
                });
                const where = `${file} @${width}px`;
                let clean = true;
                for (const v of result.violations) {
                    clean = false;
                    const shown = v.targets.slice(0, 3).join(', ');
                    console.log(`${where}: ${v.id}: ${v.help} (${v.targets.length} nodes: ${shown})`);
                }
                if (result.scrollWidth > result.clientWidth) {
                    clean = false;
                    console.log(`${where}: scrolls sideways: content ${result.scrollWidth}px wide ` +
                                `in a ${result.clientWidth}px window`);
                }
                if (clean)
                    console.log(`ok ${where}`);
                else
                    bad++;
            }
        }
    } finally {
        await browser.close();
        fs.rmSync(profile, {recursive: true, force: true});
    }
    return bad ? 1 : 0;
}

main().then(code => process.exit(code), err => {
    console.error(`axe_html.js: ${err && err.stack || err}`);
    process.exit(2);
});
