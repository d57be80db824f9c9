// 用户隐私保护指引: what the mini-program collects, why, how long, and how to delete it. The same
// text is to be declared in the WeChat admin console (用户隐私保护指引, see README.md).
Page({
  data: {},
  onBack() {
    wx.navigateBack();
  },
});
